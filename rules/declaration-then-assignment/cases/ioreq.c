// path: xen/arch/x86/hvm/hvm.c
static int hvm_init_ioreq_server(struct domain *d)
{
    struct hvm_ioreq_server *s;
    int i;

    /* ok: a call's result stays next to its check */
    s = xzalloc(struct hvm_ioreq_server);
    if ( !s )
        return -ENOMEM;

    for ( i = 0; i < MAX_HVM_VCPUS; i++ )
        s->ioreq_evtchn[i] = -1;
    return 0;
}

bool_t hvm_send_assist_req(struct vcpu *v, ioreq_t *proto_p)
{
    struct domain *d = v->domain;
    struct hvm_ioreq_server *s;
    ioreq_t *p;

    if ( unlikely(!vcpu_start_shutdown_deferral(v)) )
        return 0;

    /* seed 004's hvm_send_assist_req(): the reviewer's "likewise in most later examples"
     * covered it, but a return under an if stands between: moving the read above a way out
     * of the function is never suggested (the rule promises it adds no bug, and cannot
     * tell a harmless read from one the check protects) */
    // ok: declaration-then-assignment
    s = d->arch.hvm_domain.ioreq_server;
    if ( !s )
        return 0;

    // ok: declaration-then-assignment
    p = get_ioreq(s, v->vcpu_id);
    return p != NULL;
}

int hvm_buffered_io_send(ioreq_t *p)
{
    struct vcpu *v = current;
    struct hvm_ioreq_server *s;
    struct hvm_ioreq_page *iorp;
    buffered_iopage_t *pg;

    // ruleid: declaration-then-assignment
    s = v->domain->arch.hvm_domain.ioreq_server;
    if ( !s )
        return 0;

    // ok: declaration-then-assignment
    iorp = &s->buf_ioreq;
    // ok: declaration-then-assignment
    pg = iorp->va;
    spin_lock(&iorp->lock);
    return pg != NULL;
}

static void hvm_vcpu_locked(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct hvm_ioreq_server *s;

    spin_lock(&d->arch.hvm_domain.ioreq_server_lock);
    // ok: declaration-then-assignment
    s = d->arch.hvm_domain.ioreq_server;
    spin_unlock(&d->arch.hvm_domain.ioreq_server_lock);
    hvm_use(s);
}

static void hvm_counted(struct vcpu *v)
{
    unsigned int n;
    unsigned int count;
    unsigned int limit;

    // ruleid: declaration-then-assignment
    n = 0;
    n++;
    // ok: declaration-then-assignment
    count = n * 2;
    // ok: declaration-then-assignment
    limit = 16;
    hvm_use(count + limit);
}

static int hvm_checked(struct vcpu *v)
{
    struct domain *d = v->domain;
    struct hvm_ioreq_server *s;
    struct hvm_ioreq_page *iorp;
    unsigned int n;

    if ( !d->arch.hvm_domain.ioreq_server )
        return -ENOENT;
    /* ok: the read must stay behind the NULL check of part of its path */
    s = d->arch.hvm_domain.ioreq_server;
    hvm_use(s);

    ASSERT(v->domain);
    /* ok: a macro check of the root stands between */
    iorp = &v->domain->arch.hvm_domain.ioreq_server->buf_ioreq;

    hvm_use(iorp);
    /* ok: a constant after other statements stays where the author put it */
    n = 0;
    while ( n < 4 )
        n++;
    return n;
}

static void hvm_moved(struct vcpu *v, struct domain *d)
{
    struct hvm_ioreq_server *s;

    hvm_pick(&d);
    /* ok: the root's address was taken: it may have changed */
    s = d->arch.hvm_domain.ioreq_server;
    hvm_use(s);
}
