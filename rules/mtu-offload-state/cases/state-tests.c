// path: drivers/net/ethernet/acme/acme_main.c
static netdev_features_t acme_fix_features(struct net_device *ndev,
					   netdev_features_t features)
{
	/* ruleid: mtu-offload-state */
	ndev->max_mtu = (features & NETIF_F_SG) ? ACME_JUMBO_MTU : ETH_DATA_LEN;
	return features;
}

static int acme_change_mtu(struct net_device *ndev, int new_mtu)
{
	/* ruleid: mtu-offload-state */
	if (new_mtu > ETH_DATA_LEN && !(ndev->features & NETIF_F_SG))
		return -EINVAL;
	WRITE_ONCE(ndev->mtu, new_mtu);
	return 0;
}

static void acme_update(struct acme_priv *priv)
{
	struct net_device *ndev = priv->ndev;
	u32 features = ndev->features;

	/* ruleid: mtu-offload-state */
	if (!(features & (NETIF_F_SG | NETIF_F_FRAGLIST)))
		dev_set_mtu(ndev, ETH_DATA_LEN);
}

static int acme_set_features(struct net_device *ndev, netdev_features_t wanted)
{
	int mtu = ndev->mtu;

	if (ndev->wanted_features & NETIF_F_RXCSUM)
		acme_rxcsum(ndev, true);
	/* ruleid: mtu-offload-state */
	else if (!(ndev->wanted_features & NETIF_F_SG))
		mtu = min(mtu, ETH_DATA_LEN);
	return acme_apply_mtu(ndev, mtu);
}
