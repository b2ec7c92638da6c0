export {
  createSubscribeEmulator,
  CANCEL_DELAY_MS,
  DEFAULT_PATH,
  HOLD_LAPSE_MS,
  MAX_OTP_ATTEMPTS,
  OTP_WAIT_MS,
  type SubscribeEmulator,
  type SubscribeEmulatorOptions,
} from "./emulator";
export { createPaymeSubscribeModule, sandboxBilling } from "./module";
export { SLOW_CARD_DELAY_MS, TEST_CARD_EXPIRE, TEST_SMS_CODE, testCards, type CardBehaviour, type TestCard } from "./test-cards";
