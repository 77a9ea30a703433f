// path: drivers/net/ethernet/acme/acme_netdev.c
static int acme_change_mtu(struct net_device *ndev, int new_mtu)
{
	struct acme_priv *priv = netdev_priv(ndev);

	/* ok: mtu-offload-state */
	if (new_mtu > ETH_DATA_LEN && !(ndev->hw_features & NETIF_F_SG))
		return -EINVAL;
	/* ok: mtu-offload-state */
	if (new_mtu > ACME_LRO_MAX && (ndev->features & NETIF_F_LRO))
		return -EINVAL;
	/* ok: mtu-offload-state */
	if (netif_running(ndev)) {
		acme_stop(priv);
		ndev->mtu = new_mtu;
		return acme_open(priv);
	}
	/* ok: mtu-offload-state */
	ndev->mtu = new_mtu;
	return 0;
}

static int acme_probe_features(struct acme_priv *priv, struct net_device *ndev)
{
	/* a capability mask read from the hardware, not the offload state */
	u32 features = readl(priv->regs + ACME_CAPS);

	/* ok: mtu-offload-state */
	if (features & NETIF_F_SG)
		ndev->max_mtu = ACME_JUMBO_MTU;
	/* ok: mtu-offload-state */
	ndev->vlan_features = ndev->features & NETIF_F_SG;
	return 0;
}

static netdev_features_t acme_fix_features(struct net_device *ndev,
					   netdev_features_t features)
{
	struct acme_priv *priv = netdev_priv(ndev);

	/* ok: mtu-offload-state */
	if (ndev->mtu > ETH_DATA_LEN && !priv->can_sg)
		features &= ~NETIF_F_SG;
	/* ok: mtu-offload-state */
	if (features & NETIF_F_SG)
		priv->rx_copybreak = 0;
	ndev->mtu = min(ndev->mtu, priv->max_frame);
	return features;
}
