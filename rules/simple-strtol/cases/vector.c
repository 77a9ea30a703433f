// path: arch/x86/kernel/apic/vector.c
/* From '[PATCH] x86/apic: Add select() method on vector irqdomain' (linux-hyperv,
 * 2020-10, <20201024213535.443185-24-dwmw2@infradead.org>), trimmed; the parse that keeps
 * its end pointer added. */
int x86_fwspec_is_hpet(struct irq_fwspec *fwspec)
{
	if (is_fwnode_irqchip(fwspec->fwnode)) {
		const char *fwname = fwnode_get_name(fwspec->fwnode);
		char *end;
		return fwname && !strncmp(fwname, "HPET-MSI-", 9) &&
			// ruleid: simple-strtol
			simple_strtol(fwname+9, NULL, 10) == fwspec->param[0];
		// ok: simple-strtol
		fwspec->param[1] = simple_strtoul(fwname + 9, &end, 16);
		// ok: simple-strtol
		return kstrtol(fwname + 9, 10, &fwspec->param[2]);
	}
	return 0;
}
