// path: xen/arch/x86/hvm/hvm.c
static void hvm_update_ioreq_server_evtchn(struct hvm_ioreq_server *s)
{
    /* one finding for the block: "`p` and `v` are only used inside the `if` block" */
    // ruleid: scope-too-wide
    shared_iopage_t *p;
    struct vcpu *v;

    if ( s->ioreq.va != NULL )
    {
        p = s->ioreq.va;
        for ( v = s->domain->vcpu[0]; v; v = v->next_in_list )
            p->vcpu_ioreq[v->vcpu_id].vp_eport = s->ioreq_evtchn[v->vcpu_id];
    }
}

long hvm_param(struct domain *d, struct xen_hvm_param *a, int op)
{
    // ruleid: scope-too-wide
    struct hvm_ioreq_server *s;
    // ok: scope-too-wide
    int rc;
    // ok: scope-too-wide
    unsigned long flags;

    switch ( a->index )
    {
    case HVM_PARAM_IOREQ_PFN:
    {
        s = d->arch.hvm_domain.ioreq_server;
        rc = hvm_set_ioreq_server_pfn(s, a->value);
        break;
    }
    default:
        spin_lock_irqsave(&d->lock, flags);
        rc = 0;
        spin_unlock_irqrestore(&d->lock, flags);
        break;
    }
    return rc;
}

static int hvm_count_pending(struct domain *d)
{
    // ok: scope-too-wide
    int count;
    // ok: scope-too-wide
    int last = 0;
    // ok: scope-too-wide
    static int calls;
    // ok: scope-too-wide
    char name[16];
    // ok: scope-too-wide
    int *out;
    // ok: scope-too-wide
    int tmp;
    // ok: scope-too-wide
    int unused;
    // ok: scope-too-wide
    int both;

    for ( ; ; )
    {
        /* a value carried from one iteration to the next */
        if ( count > 8 )
            break;
        count = hvm_pending(d, last);
        last = count;
        calls++;
        snprintf(name, sizeof(name), "d%d", count);
        /* its address escapes the block */
        out = &tmp;
        tmp = count;
    }
    if ( d->is_dying )
    {
        both = 1;
        hvm_use(both);
    }
    else
    {
        both = 2;
        hvm_use(both);
    }
    return *out + last + calls;
}

void nsvm_domain_relinquish_resources(struct domain *d)
{
    // ok: scope-too-wide
    struct vcpu *v;
    /* the body of an iterator macro is a block like any other */
    // ruleid: scope-too-wide
    struct nestedvcpu *nv;

    for_each_vcpu ( d, v )
    {
        nv = &vcpu_nestedhvm(v);
        hvm_unmap_guest_frame(nv->nv_vvmcx, 1);
        nv->nv_vvmcx = NULL;
    }
}
