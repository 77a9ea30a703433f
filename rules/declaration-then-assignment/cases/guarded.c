// path: drivers/hv/mshv_eventfd.c
// enable: linux (ST002 is off on Linux code by default; a user may turn it on)
/* From linux-hyperv patches of 2026 (mshv_eventfd.c, mana_ethtool.c, mm/vma.c, trimmed):
 * the assignment stands behind a check that may leave the function or that reads what it
 * reads. `T x = value;` would read before the check: never suggested. */
static int mshv_copy_vp_set(struct hv_vpset *dest, struct hv_vpset *src)
{
	u64 bank_mask;
	int banks, tot_banks = hv_max_vp_index / HV_VCPUS_PER_SPARSE_BANK;

	if (tot_banks >= HV_MAX_SPARSE_VCPU_BANKS)
		return -EINVAL;

	dest->format = src->format;
	// ok: declaration-then-assignment
	bank_mask = src->valid_bank_mask;
	return hweight64(bank_mask);
}

static int mana_set_coalesce(struct net_device *ndev, struct kernel_ethtool_coalesce *kc,
			     struct mana_port_context *apc)
{
	u8 saved_cqe_coalescing_enable;

	if (kc->rx_cqe_frames != 1) {
		netdev_err(ndev, "rx-frames must be 1, got %u", kc->rx_cqe_frames);
		return -EINVAL;
	}

	// ok: declaration-then-assignment
	saved_cqe_coalescing_enable = apc->cqe_coalescing_enable;
	return saved_cqe_coalescing_enable;
}

static void vma_set_file(struct vm_area_struct *vma, struct mmap_state *map)
{
	struct file *file;

	if (!map->hold_file_rmap_lock)
		return;
	// ok: declaration-then-assignment
	file = vma->vm_file;
	i_mmap_unlock_write(file->f_mapping);
}

static void hwc_pick(struct hw_channel_context *hwc, unsigned int index, unsigned int n)
{
	struct hwc_caller_ctx *ctx;
	struct hwc_caller_ctx *last;

	/* a bounds check of the index the value reads, with no way out */
	if (index >= n)
		pr_warn("index %u out of range\n", index);
	// ok: declaration-then-assignment
	ctx = &hwc->caller_ctx[index];

	WARN_ON(n >= HW_CHANNEL_MAX);
	// ok: declaration-then-assignment
	last = &hwc->caller_ctx[n];
	use(ctx, last);
}

static void hwc_walk(struct hw_channel_context *hwc, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct hwc_caller_ctx *ctx;

		if (!hwc->ready)
			break;
		// ok: declaration-then-assignment
		ctx = &hwc->caller_ctx[i];
		use(ctx, NULL);
	}
}

static void hwc_plain(struct hw_channel_context *hwc, unsigned int index)
{
	struct hwc_caller_ctx *ctx;

	/* a check of something else, with no way out: the read may move over it */
	if (hwc->verbose)
		pr_info("picking %u\n", index);
	// ruleid: declaration-then-assignment
	ctx = &hwc->caller_ctx[index];
	use(ctx, NULL);
}
