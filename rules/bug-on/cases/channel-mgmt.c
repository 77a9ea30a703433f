// path: drivers/hv/channel_mgmt.c
/* From '[PATCH net-next] Name NICs based on vmbus offer and enable async probe by default'
 * (linux-hyperv, 2019-07, <1562712932-79936-1-git-send-email-haiyangz@microsoft.com>),
 * trimmed; the WARN_ON_ONCE() and BUG() lines added. */
static void hv_set_devnum(struct vmbus_channel *newchannel)
{
	struct vmbus_channel *channel;
	unsigned int i = 0;
	bool found;

	// ruleid: bug-on
	BUG_ON(!mutex_is_locked(&vmbus_connection.channel_mutex));
	// ok: bug-on
	WARN_ON_ONCE(!mutex_is_locked(&vmbus_connection.channel_mutex));
	// ok: bug-on
	BUILD_BUG_ON(sizeof(struct vmbus_channel_offer) > 512);
	if (!found)
		// ruleid: bug-on
		BUG();
}
