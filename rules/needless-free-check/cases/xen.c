// path: xen/common/domain.c
static void free_domain_struct_parts(struct domain *d)
{
    /* ruleid: needless-free-check */
    if ( d->vcpu )
        xfree(d->vcpu);
    /* ok: needless-free-check */
    xfree(d->pbuf);
    /* ok: needless-free-check */
    if ( d->arch.pirq_eoi_map )
        put_page(d->arch.pirq_eoi_map_mfn);
}
