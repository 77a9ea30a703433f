// path: drivers/net/ethernet/foo/foo_main.c
// ruleid: ops-prototype-mismatch
static void foo_get_drvinfo(struct net_device *dev, struct ethtool_drvinfo *info, int extra)
{
}

// ok: ops-prototype-mismatch
static int foo_open(struct foo_priv *priv)
{
	return 0;
}

static void foo_setup(struct ethtool_ops *ops, struct file_operations *fops)
{
	ops->get_drvinfo = foo_get_drvinfo;
	/* `open` is a member of many ops tables: unknown which, so not judged */
	fops->open = foo_open;
}
