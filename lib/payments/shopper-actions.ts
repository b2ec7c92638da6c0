import "server-only";
import {
  loadCardForm,
  payWithCard,
  payWithSavedCard,
  removeSavedCard,
  sandboxReceiptAction,
  sendPaymentLink,
  startCardPayment,
} from "./payme/saved-cards/shopper-actions";

/**
 * The registry's Next.js half: the server actions each provider's order-page UI calls
 * (components/payments/provider-ui.tsx), keyed by provider id. The order page (a server
 * component) passes this map down as props: client components never import server code. Only a
 * provider with an embedded form (Payme's card form) has an entry; one line per provider, beside
 * its line in registry.ts. Apart from registry.ts, the one shared file that imports provider
 * folders (lib/boundaries). `server-only`: the actions load the database and `next/headers`,
 * which server.ts's registry must not.
 */
export const shopperActions = {
  payme: { loadCardForm, startCardPayment, payWithCard, payWithSavedCard, removeSavedCard, sendPaymentLink, sandboxReceiptAction },
};
