// path: xen/arch/x86/irq.c
int assign_irq_vector(int irq)
{
    int vector = __assign_irq_vector(irq);

    // ruleid: debug-printk
    printk("allocated vector for irq:%d\n", irq);
    // ok: debug-printk
    printk(XENLOG_G_INFO "allocated vector for irq:%d\n", irq);
    // ok: debug-printk
    dprintk(XENLOG_DEBUG, "vector %d\n", vector);
    // ok: debug-printk
    gprintk(XENLOG_WARNING, "no vector\n");
    return vector;
}
