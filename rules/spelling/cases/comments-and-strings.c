// path: drivers/net/ethernet/acme/acme_main.c
#include "acme.h"
// ok: spelling
#include "teh_compat.h"

/*
 * Ring handling for the acme NIC.
 // ruleid: spelling
 * Each descriptor is recieved from the device in order, and
 // ruleid: spelling
 * the driver keeps them in an aray indexed by the head pointer.
 */
static int acme_rx(struct acme_priv *priv, int parm)
{
	// ruleid: spelling
	/* Faile early when the ring is not ready. */
	if (!priv->ready) {
		// ruleid: spelling
		netdev_err(priv->ndev, "Faile to receive: ring not ready\n");
		return -EAGAIN;
	}
	// ok: spelling
	/* see recieve_count() and p->recieve_count for the counters */
	// ok: spelling
	pr_debug("RECIEVE path, mac %pM, parm %d\n", priv->mac, parm);
	// ok: spelling
	/* parm is the module parameter, documented at https://example.org/teh/aray */
	// ok: spelling
	pr_info("\nallocated ring of %d entries\n", priv->size);
	// ok: spelling
	/* contact maintainer <teh.aray@example.org>; `recieve` is the old name */
	// ok: spelling
	int recieve_total = acme_count(priv, ACME_RECIEVE);
	// ok: spelling
	/* a fo bar: words of two letters are not judged */
	return recieve_total;
}
