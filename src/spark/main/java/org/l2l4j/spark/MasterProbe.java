package org.l2l4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import scala.Tuple2;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a standalone master before meta-training starts: Spark's own client retries an unreachable or refusing
 * master for a minute and then only says that all masters are unresponsive. This probe connects to each master
 * and, with {@code spark.authenticate}, performs Spark's own authentication handshake with the configured
 * secret, so that a wrong address or a wrong secret is named at once.
 */
final class MasterProbe {

    /** The user Spark's RPC layer authenticates as; the secret is what must match. */
    private static final String SASL_USER = "sparkSaslUser";
    private static final int TIMEOUT_MS = 10_000;

    private MasterProbe() {
    }

    static void check(String master, SparkConf conf) {
        for (InetSocketAddress address : addresses(master)) {
            try (Socket socket = new Socket()) {
                socket.connect(address, TIMEOUT_MS);
            } catch (IOException e) {
                throw new SparkSetupException("cannot reach the Spark master at " + address.getHostString() + ":"
                        + address.getPort() + " (" + e.getMessage() + "): start the master there, or give --spark"
                        + " the spark://HOST:PORT its log shows", e);
            }
            if (conf.getBoolean("spark.authenticate", false) && conf.contains("spark.authenticate.secret")) {
                authenticate(address, conf);
            }
        }
    }

    private static List<InetSocketAddress> addresses(String master) {
        String hosts = master.substring("spark://".length());
        return java.util.Arrays.stream(hosts.split(",")).map(hostPort -> {
            int colon = hostPort.lastIndexOf(':');
            try {
                if (colon < 1) {
                    throw new NumberFormatException("no port");
                }
                return InetSocketAddress.createUnresolved(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                throw new SparkSetupException("'" + master + "' is not a Spark master URL: write spark://HOST:PORT,"
                        + " e.g. spark://10.0.0.5:7077", e);
            }
        }).map(a -> new InetSocketAddress(a.getHostString(), a.getPort())).toList();
    }

    private static void authenticate(InetSocketAddress address, SparkConf conf) {
        Map<String, String> settings = new HashMap<>();
        for (Tuple2<String, String> entry : conf.getAll()) {
            settings.put(entry._1(), entry._2());
        }
        String secret = conf.get("spark.authenticate.secret");
        SecretKeyHolder keys = new SecretKeyHolder() {
            @Override
            public String getSaslUser(String appId) {
                return SASL_USER;
            }

            @Override
            public String getSecretKey(String appId) {
                return secret;
            }
        };
        TransportConf transport = new TransportConf("rpc", new MapConfigProvider(settings));
        List<TransportClientBootstrap> bootstraps = List.of(new AuthClientBootstrap(transport, SASL_USER, keys));
        try (TransportContext context = new TransportContext(transport, new NoOpRpcHandler());
             TransportClientFactory clients = context.createClientFactory(bootstraps);
             TransportClient client = clients.createClient(address.getHostString(), address.getPort())) {
            client.getSocketAddress(); // authenticated
        } catch (Exception e) {
            throw new SparkSetupException("the Spark master at " + address.getHostString() + ":" + address.getPort()
                    + " refused this client's authentication (" + e.getMessage() + "): give the secret the cluster"
                    + " was started with in spark.authenticate.secret, and the same spark.network.crypto.enabled", e);
        }
    }
}
