// path: drivers/hv/dxgkrnl/dxgvmbus.c
/* From '[PATCH] drivers: hv: dxgkrnl: Driver initialization and loading' (linux-hyperv, 2026-03,
 * <20260319202509.63802-2-eric.curtin@docker.com>), trimmed; the Hyper-V guest id use of
 * LINUX_VERSION_CODE (arch/x86/hyperv/hv_init.c) added as the value use to leave alone. */
int dxgvmbuschannel_init(struct dxgvmbuschannel *ch, struct hv_device *hdev)
{
	int ret;

	// ruleid: linux-version-check
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5,15,0)
	hdev->channel->max_pkt_size = DXG_MAX_VM_BUS_PACKET_SIZE;
#endif
	// ruleid: linux-version-check
	if (LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0))
		return -ENODEV;
	ret = vmbus_open(hdev->channel, RING_BUFSIZE, RING_BUFSIZE,
			 NULL, 0, dxgvmbuschannel_receive, ch);
	return ret;
}

static void hyperv_init_guest_id(void)
{
	u64 guest_id;

	// ok: linux-version-check
	guest_id = hv_generate_guest_id(LINUX_VERSION_CODE);
	wrmsrq(HV_X64_MSR_GUEST_OS_ID, guest_id);
}
