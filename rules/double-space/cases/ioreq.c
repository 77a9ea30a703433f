// path: xen/arch/x86/hvm/hvm.c
static int hvm_set_ioreq_server_buf_pfn(struct hvm_ioreq_server *s, unsigned long pfn)
{
    struct domain *d = s->domain;

    // ruleid: double-space
    return  hvm_set_ioreq_page(d, &s->buf_ioreq, pfn);
}

static int hvm_check(struct hvm_ioreq_server *s, int a, int b)
{
    // ruleid: double-space
    if ( a &&  b )
        return -EINVAL;
    // ruleid: double-space
    s->buf_ioreq_evtchn = hvm_pick(a,  b) +  1;
    // ruleid: double-space
    gprintk(XENLOG_ERR, "a  b = %d\n",   a);
    // ok: double-space
    gprintk(XENLOG_ERR, "two  spaces inside a string are the message's business\n");
    // ok: double-space
    return a + b;  /* the gap before a trailing comment */
}

static int hvm_comments(int a)
{
    /*
     * ok: double-space
     * Two sentences.  Two spaces after the full stop are common in comments.
     */
    // ok: double-space
    int x = a * 2;   // aligned trailing comment
    // ok: double-space
    char c = ' ';
    // ok: double-space
    const char *s = "  ";

    return x + c + s[0];
}
