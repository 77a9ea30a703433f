// path: drivers/hv/dxgkrnl/dxgmodule.c
/* From '[PATCH] drivers: hv: dxgkrnl: Implement D3DKMTWaitSyncFile' (linux-hyperv, 2026-03,
 * <20260319202509.63802-34-eric.curtin@docker.com>), trimmed. */
static void dxg_signal_dma_fence(struct dxghostevent *eventhdr)
{
	struct dxgsyncpoint *event = (struct dxgsyncpoint *)eventhdr;

	// ruleid: px-format-specifier
	DXG_TRACE("syncpoint: %px, fence: %lld", event, event->fence_value);
	// ok: px-format-specifier
	DXG_TRACE("syncpoint: %p, fence: %lld", event, event->fence_value);
	// ok: px-format-specifier
	pr_info("100%%px of the time\n");
	// ok: px-format-specifier
	pr_info("caller %pS\n", __builtin_return_address(0));
	/* a comment that says %px is not a format string */
	event->fence_value++;
}
