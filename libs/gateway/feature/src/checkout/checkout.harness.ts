import { GatewayHarness } from '../gateway.harness';

/**
 * The gateway harness under databases and groups of its own for the wallet checkout tests
 * (`setUp(checkout)` turns checkout on).
 */
export class CheckoutHarness extends GatewayHarness {
  constructor() {
    super('it-checkout');
  }
}
