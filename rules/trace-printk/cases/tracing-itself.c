// path: kernel/trace/trace_printk.c
/* the tracing code that implements trace_printk() may call it */
static void test_trace_printk(void)
{
	// ok: trace-printk
	trace_printk("test\n");
}
