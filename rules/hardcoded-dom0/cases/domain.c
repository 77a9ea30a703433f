// path: xen/common/domain.c
struct domain *domain_create(domid_t domid, unsigned int flags)
{
    struct domain *d = alloc_domain_struct();

    // ruleid: hardcoded-dom0
    if ( domid )
        d->nr_pirqs = nr_irqs_gsi + extra_domU_irqs;
    else
        d->nr_pirqs = nr_irqs_gsi + extra_dom0_irqs;

    // ruleid: hardcoded-dom0
    if ( d->domain_id == 0 )
        d->is_privileged = 1;
    // ruleid: hardcoded-dom0
    n = !domid ? extra_dom0_irqs : extra_domU_irqs;
    // ruleid: hardcoded-dom0
    if ( current->domain == dom0 )
        return d;

    // ok: hardcoded-dom0
    if ( is_hardware_domain(d) )
        d->nr_pirqs = nr_irqs_gsi + extra_dom0_irqs;
    // ok: hardcoded-dom0
    if ( domid == DOMID_IDLE )
        return d;
    // ok: hardcoded-dom0
    if ( d->vcpu_id == 0 )
        return d;
    return d;
}
