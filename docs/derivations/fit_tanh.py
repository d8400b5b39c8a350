import numpy as np
def evalf32(P,Q,x,clamp):
    xc=np.clip(x,-clamp,clamp).astype(np.float32); y=(xc*xc).astype(np.float32)
    p=np.float32(0)
    for c in reversed(P): p=(p*y+np.float32(c)).astype(np.float32)
    q=np.float32(0)
    for c in reversed(Q): q=(q*y+np.float32(c)).astype(np.float32)
    return (xc*p/q).astype(np.float32)
def fit(m,n,c,iters=30):
    x=np.linspace(1e-4,c,20000); y=x*x; t=np.tanh(x)
    # tanh(x)/x = P(y)/Q(y), Q0=1 ; minimize |x*(P - r*Q)|/Qold  (absolute error on tanh)
    r=t/x
    Qold=np.ones_like(x); w=np.ones_like(x)
    for it in range(iters):
        A=np.hstack([ (y[:,None]**np.arange(m+1))*x[:,None], -(r*x)[:,None]*(y[:,None]**np.arange(1,n+1))])
        b=r*x
        W=(w/Qold)[:,None]
        sol,*_=np.linalg.lstsq(A*W, b*W[:,0], rcond=None)
        P=sol[:m+1]; Q=np.concatenate([[1.0],sol[m+1:]])
        Qold=np.polyval(Q[::-1],y)
        err=np.abs(x*np.polyval(P[::-1],y)/Qold - t)
        w = w*(1+ (err/err.max()))  # Lawson-like reweighting toward minimax
        w/=w.max()
    return P,Q
for m,n in [(3,3),(4,3),(3,4),(4,4),(5,4)]:
  for c in [9.0]:
    P,Q=fit(m,n,c)
    xs=np.linspace(-12,12,2400001).astype(np.float32)
    t=evalf32(P,Q,xs,c); ref=np.tanh(xs.astype(np.float64))
    err=np.abs(t-ref)
    rel=np.max(err/np.maximum(np.abs(ref),1e-30))
    print(m,n,c,"abs %.3g rel %.3g max %.9f"%(err.max(),rel,np.abs(t).max()), list(P),list(Q))
P,Q=fit(4,4,9.0)
print([repr(np.float32(c)) for c in P]); print([repr(np.float32(c)) for c in Q])
P32=[float(np.float32(c)) for c in P]; Q32=[float(np.float32(c)) for c in Q]
xs=np.linspace(-12,12,4800001).astype(np.float32)
t=evalf32(P32,Q32,xs,9.0); ref=np.tanh(xs.astype(np.float64)); err=np.abs(t-ref)
print("f32 coeffs abs", err.max(), "rel", np.max(err/np.maximum(np.abs(ref),1e-30)))
