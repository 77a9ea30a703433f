// path: drivers/net/xen-netback/interface.c
static int xenvif_open(struct net_device *dev)
{
    // ok: debug-printk
    printk("linux code is not the hypervisor's\n");
    return 0;
}
