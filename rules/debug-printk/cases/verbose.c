// path: xen/drivers/passthrough/iommu.c
/* Modelled on Xen's own deliberate output: identity_map() and _setup_hwdom_pci_devices()
 * (xen/drivers/passthrough), acpi_parse_dev_scope() (vtd/dmar.c), the APIC and CPU
 * information printed at boot under `apic_verbosity` and `cpuinfo`. */
static int cf_check identity_map(unsigned long s, unsigned long e, void *data)
{
    struct map_data *info = data;

    if ( iommu_verbose )
        // ok: debug-printk
        printk(" [%010lx, %010lx] R%c\n", s, e, info->mmio_ro ? 'O' : 'W');

    if ( opt_verbose )
    {
        // ok: debug-printk
        printk("mapping %lx-%lx\n", s, e);
    }

    if ( apic_verbosity && s )
        // ok: debug-printk
        printk("APIC range %lx\n", s);

    if ( info->d->debug )
        // ok: debug-printk
        printk("d%d: mapped\n", info->d->domain_id);

    if ( iommu_verbose )
        process_pending_softirqs();
    else
        // ruleid: debug-printk
        printk("quiet mapping of %lx\n", s);

    /* an option gates it, but a guest can reach this path at run time */
    if ( opt_cpu_info )
        // ruleid: debug-printk
        printk("identity map %lx-%lx\n", s, e);

    return 0;
}

static void __init print_cpu_info(unsigned int cpu)
{
    /* boot-time code printing under a command-line option */
    if ( opt_cpu_info )
        // ok: debug-printk
        printk("CPU%u: family %u model %u\n", cpu, family, model);

    // ruleid: debug-printk
    printk("cpu %u done\n", cpu);
}
