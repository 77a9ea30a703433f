// path: drivers/net/xen-netback/interface.c
struct xenvif;

// ruleid: ops-prototype-mismatch
static u32 fixup_features(struct xenvif *vif, u32 features)
{
	return features;
}

// ok: ops-prototype-mismatch
static netdev_features_t good_fix_features(struct net_device *dev, netdev_features_t features)
{
	return features;
}

// ok: ops-prototype-mismatch
static u32 old_spelling_fix_features(struct net_device *dev, u32 features)
{
	return features;
}

// ok: ops-prototype-mismatch
static int private_helper(struct xenvif *vif)
{
	return 0;
}

static const struct net_device_ops one_ops = {
	.ndo_fix_features = fixup_features,
};

static const struct net_device_ops two_ops = {
	.ndo_fix_features = good_fix_features,
};

static const struct net_device_ops three_ops = {
	.ndo_fix_features = old_spelling_fix_features,
};

static const struct my_private_ops four_ops = {
	.fix = private_helper,
};
