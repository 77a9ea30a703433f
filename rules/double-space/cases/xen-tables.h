// path: xen/include/xen/sched.h
/* ok: double-space */
PERFCOUNTER(vpsci_features,            "vpsci: features")
PERFCOUNTER(vpsci_system_suspend,      "vpsci: system_suspend")

struct domain {
    /* I/O capabilities (access to IRQs and memory-mapped I/O). */
    /* ok: double-space */
    rwlock_t         caps_lock;
    struct rangeset *iomem_caps;
    union {
        struct acpi_cpufreq_data acpi;
    /* ok: double-space */
    }                   drv_data;
};

static inline bool kimage_in_crash_area(paddr_t mstart, paddr_t mend)
{
    if ( mstart < kexec_crash_area.start ||
         /* ok: double-space */
         mend   > kexec_crash_area.start + kexec_crash_area.size )
        return false;
    return true;
}

/* ok: double-space */
#define DOMAIN_LOCK(d)  do {                \
    spin_lock(&(d)->lock);                  \
/* ruleid: double-space */
}  while ( 0 )
