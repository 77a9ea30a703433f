// path: drivers/pci/controller/pci-hyperv.c
/* From '[PATCH 1/2] PCI: hv: Add support for protocol 1.3 and support PCI_BUS_RELATIONS2'
 * (linux-hyperv, 2019-11, <1574474229-44840-2-git-send-email-longli@linuxonhyperv.com>),
 * trimmed; the other allocations added. */
static void hv_pci_devices_present2(struct hv_pcibus_device *hbus,
				    struct pci_bus_relations2 *relations)
{
	struct hv_dr_state *dr;
	u32 *cpus, *ids, *map;

	// ruleid: open-coded-allocation-size
	dr = kzalloc(offsetof(struct hv_dr_state, func) +
		     (sizeof(struct hv_pcidev_description) *
		      (relations->device_count)), GFP_NOWAIT);
	// ruleid: open-coded-allocation-size
	cpus = kzalloc(nvec * sizeof(*cpus), GFP_KERNEL);
	// ruleid: open-coded-allocation-size
	ids = devm_kzalloc(&hbus->hdev->device, sizeof(u32) * relations->device_count,
			   GFP_KERNEL);
	// ok: open-coded-allocation-size
	map = kzalloc(HV_PCI_MAX_DEVICES * sizeof(u32), GFP_KERNEL);
	// ok: open-coded-allocation-size
	map = kcalloc(nvec, sizeof(*cpus), GFP_KERNEL);
	// ok: open-coded-allocation-size
	dr = kzalloc(struct_size(dr, func, relations->device_count), GFP_NOWAIT);
	// ok: open-coded-allocation-size
	map = vmalloc(array_size(nvec, PAGE_SIZE));
	// ok: open-coded-allocation-size
	map = kmalloc(2 * sizeof(u32), GFP_KERNEL);
}
