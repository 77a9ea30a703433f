// path: drivers/hv/vmbus_drv.c
// enable: linux (ST002 is off on Linux code by default; a user may turn it on)
static int vmbus_probe(struct device *child_device)
{
	struct hv_device *dev;
	struct hv_driver *drv;
	int ret;

	// ruleid: declaration-then-assignment
	dev = &hv_root->devs[child_device->id];
	// ok: declaration-then-assignment
	drv = drv_to_hv_drv(child_device->driver);
	/* ok: Linux keeps `ret = f(); if (ret)` together */
	ret = drv->probe(dev, NULL);
	if (ret)
		return ret;
	return 0;
}

static void vmbus_sizes(struct vmbus_channel *channel)
{
	size_t n;
	u32 a, b;
	static int calls;
	char name[16];
	unsigned long flags;

	// ruleid: declaration-then-assignment
	n = ARRAY_SIZE(channel->name) * sizeof(u32);
	// ok: declaration-then-assignment
	a = 1;
	b = 2;
	// ok: declaration-then-assignment
	calls = 0;
	spin_lock_irqsave(&channel->lock, flags);
	channel->n = n + a + b + calls;
	spin_unlock_irqrestore(&channel->lock, flags);
	memcpy(name, channel->name, n);
}

static int vmbus_later(struct vmbus_channel *channel)
{
	u32 size;
	struct hv_ring_buffer_info *info = &channel->inbound;

	// ok: declaration-then-assignment
	size = info->ring_datasize;
	return size;
}

static int vmbus_retry(struct vmbus_channel *channel)
{
	int tries;

again:
	// ok: declaration-then-assignment
	tries = channel->tries;
	if (tries-- > 0)
		goto again;
	return tries;
}
