// path: drivers/vfio/mdev/virtio_mdev.c
/* Real: virtio-mdev, virtualization list, Sept 2019 (<20190910081935.30516-4-jasowang@redhat.com>,
 * trimmed). mdev_driver.probe and .remove took a `struct device *` then; both functions of
 * the table differ from the KB (`struct mdev_device *`) the same way: the API moved, not the
 * patch. */
// ok: ops-prototype-mismatch
static int virtio_mdev_probe(struct device *dev)
{
	struct mdev_device *mdev = to_mdev_device(dev);

	return register_virtio_device(mdev_to_vdev(mdev));
}

// ok: ops-prototype-mismatch
static void virtio_mdev_remove(struct device *dev)
{
	struct virtio_mdev_device *vm_dev = dev_get_drvdata(dev);

	unregister_virtio_device(&vm_dev->vdev);
}

static struct mdev_driver virtio_mdev_driver = {
	.name	= "virtio_mdev",
	.probe	= virtio_mdev_probe,
	.remove	= virtio_mdev_remove,
};
