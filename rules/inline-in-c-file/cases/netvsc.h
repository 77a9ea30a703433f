// path: drivers/net/hyperv/hyperv_net.h
/* a header needs `static inline` */
// ok: inline-in-c-file
static inline bool netvsc_is_up(struct net_device *ndev) { return netif_running(ndev); }
