// path: drivers/hv/channel_mgmt.c
/* Constructed (no patch on linux-hyperv or the virtualization list adds one): the shape of
 * debug output left in a VMBus handler. */
static void vmbus_onoffer_rescind(struct vmbus_channel_message_header *hdr)
{
	struct vmbus_channel_rescind_offer *rescind = (void *)hdr;

	// ruleid: trace-printk
	trace_printk("rescind relid %u\n", rescind->child_relid);
	// ok: trace-printk
	trace_vmbus_onoffer_rescind(rescind);
	// ok: trace-printk
	pr_debug("rescind relid %u\n", rescind->child_relid);
}
