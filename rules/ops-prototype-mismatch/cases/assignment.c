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

// ruleid: ops-prototype-mismatch
static int foo_fop_open(struct foo_priv *priv)
{
	return 0;
}

// ok: ops-prototype-mismatch
static void foo_restart(struct foo_priv *priv)
{
}

static void foo_setup(struct ethtool_ops *ops, struct foo_table *tbl,
		      struct file_operations *fops)
{
	ops->get_drvinfo = foo_get_drvinfo;
	/* a table of a struct the KB does not know: not judged */
	tbl->open = foo_open;
	/* `fops` is declared a struct file_operations *: its `open` is judged */
	fops->open = foo_fop_open;
	/* the table's struct is not written here (`restart` is a member of many structs,
	 * most of them private): not judged */
	priv->wdt.ops.restart = foo_restart;
}
