/**
 * Request and response examples recorded from Payme's Subscribe API documentation ("Методы
 * Subscribe API", "Холдирование"), for the client's tests. Tokens are shortened; everything else
 * is as documented (the set_fiscal_data request's stray semicolons are fixed to JSON).
 */
export const DOC_MERCHANT_ID = "100fe486b33784292111b7dc";
export const DOC_KEY = "Rw712wMJspZBczFvrG09?bHkSNxnD4PY0n1C";
export const DOC_TOKEN =
  "NTg0YTg0ZDYyYWJiNWNhYTMxMDc5OTE0X1VnYU02ME92IUttWHVHRThJODRJNWE0Xl9EYUBPQCZjNSlPRlpLIWNWRz1PNFp6VkIpZU0kQjJkayoyVUVtUuKElmt4JTJYWj9VQGNAQyVqT1pOQ3VXZ2NyajBEMSYkYj0kVj9NXikrJE5HNiN3K25pKHRQOEVwOGpOcUYxQ2dtemk9dDUwKDNATjd2XythbibihJYoJispJUtuREhlaClraGlJWTlLMihrLStlRjd6MFI3VCgjVDlpYjQ1ZThaMiojPVNTZylYJlFWSjlEZGFuSjZDNDJLdlhXP3YmV1B2dkRDa3g5X2l4N28oU0pOVEpSeXZKYnkjK0h3ViZfdmlhUHMp";

const docCard = (verify: boolean) => ({
  number: "860006******6311",
  expire: "03/99",
  token: DOC_TOKEN,
  recurrent: true,
  verify,
});

const docMerchant = {
  _id: "100fe486b33784292111b7dc",
  name: "Online Shop LLC",
  organization: "ЧП «Online Shop»",
  address: "",
  epos: { merchantId: "106600000050000", terminalId: "20660000" },
  date: 1480582278779,
  logo: null,
  type: "Shop",
  terms: null,
};

export const docReceiptCreated = {
  _id: "62da73b0803aced907a52b46",
  create_time: 1658483632482,
  pay_time: 0,
  cancel_time: 0,
  state: 0,
  type: 2,
  external: false,
  operation: -1,
  category: null,
  error: null,
  description: "",
  detail: {
    discount: { title: "Скидка 5%", price: 10000 },
    shipping: { title: "Доставка до ттз-4 28/23", price: 500000 },
    items: [
      { title: "Помидоры", price: 505000, count: 2, code: "00702001001000001", units: 241092, vat_percent: 15, package_code: "123456" },
    ],
  },
  amount: 500000,
  currency: 860,
  commission: 0,
  account: [
    { name: "order_id", title: "Номер заказа", value: "test", main: true },
    { name: "transaction", title: "Номер чека", value: "80", main: false },
  ],
  card: null,
  merchant: {
    _id: "62d52ce6ca96effd0777a771",
    name: "test",
    organization: "ЧП «test test»",
    address: "",
    business_id: "62d52c4bca96effd0777a770",
    epos: { merchantId: "106600000050000", terminalId: "20660000" },
    date: 1658137830827,
    logo: null,
    type: "Интернет",
    terms: null,
  },
  meta: { source: "subscribe", owner: "62d52ce6ca96effd0777a771" },
  processing_id: null,
};

export const docReceiptPaid = {
  _id: "2e0b1bc1f1eb50d487ba268d",
  create_time: 1481113810044,
  pay_time: 1481113810265,
  cancel_time: 0,
  state: 4,
  type: 1,
  external: false,
  operation: -1,
  category: null,
  error: null,
  description: "",
  detail: null,
  amount: 3500,
  commission: 0,
  account: [{ name: "order_id", title: "Код заказа", value: "5" }],
  card: { number: "860006******6311", expire: "0399" },
  merchant: { ...docMerchant, payer: { phone: "998912345678" } },
  meta: null,
};

export const docReceiptCancelQueued = {
  _id: "2e0b1bc1f1eb50d487ba268d",
  create_time: 1482823890336,
  pay_time: 1482823890564,
  cancel_time: 0,
  state: 21,
  type: 1,
  external: false,
  operation: -1,
  category: null,
  error: null,
  description: "",
  detail: null,
  amount: 2000,
  commission: 0,
  account: [{ name: "order_id", title: "Код заказа", value: "124" }],
  card: null,
  merchant: docMerchant,
  meta: null,
};

export const docReceiptHeld = {
  _id: "624c0c2b0ac8b463e47422c7",
  create_time: 1649150518480,
  pay_time: 0,
  cancel_time: 0,
  state: 5,
  type: 1,
  external: false,
  operation: -1,
  category: null,
  error: null,
  description: "",
  detail: null,
  amount: 100,
  currency: 860,
  commission: 0,
  account: [
    { name: "order_id", title: "order_id", value: "5905", main: true },
    { name: "xEntityTaxpayerID", title: "ИНН юр.лица", value: "309085172" },
  ],
  sensitive_data: [],
  card: { number: "626247**********", expire: "2205" },
  merchant: {
    _id: "623c4fe9bd1c329a32de808e",
    name: "Наименовагние компании ",
    organization: "ООО «Наименовагние компании»",
    address: "",
    business_id: "61b19ee2204c85a50a879ae1",
    epos: { merchantId: "", terminalId: "" },
    date: 1648119785244,
    logo: "https://cdn.paycom.uz/merchants/8bca7f164642da3c6287122159986bebb9f98c0e.png",
    type: "Другие услуги здоровья и фармацевтики",
    terms: null,
  },
  meta: { source: "subscribe", owner: "623c4fe9bd1c329a32de808e" },
  processing_id: 0,
};

export const docReceiptHoldConfirmed = {
  ...docReceiptHeld,
  create_time: 1649151033299,
  pay_time: 1649151041276,
  state: 4,
  card: { number: "860031**********", expire: "2609" },
};

const getAllItem = (id: string, createTime: number, payTime: number, login: string, transaction: number) => ({
  _id: id,
  create_time: createTime,
  pay_time: payTime,
  cancel_time: 0,
  state: 4,
  type: 2,
  external: false,
  operation: -1,
  category: null,
  error: null,
  description: "",
  detail: null,
  amount: 100000,
  currency: 860,
  commission: 0,
  account: [
    { name: "loan_id", title: { ru: "Логин", uz: "Login", en: "Login" }, value: login, main: true },
    { name: "transaction", title: { ru: "Номер чека", uz: "Chek raqami" }, value: transaction, main: false },
  ],
  card: { number: "8600069195406311", expire: "9903" },
  merchant: {
    _id: "5e730e8e0b852a417aa49ceb",
    name: "test",
    organization: "ЧП «test test»",
    address: "",
    business_id: "5e730e740b852a417aa49cea",
    epos: { merchantId: "106600000050000", terminalId: "20660000" },
    date: 1584598670296,
    logo: null,
    type: { ru: "Internet", uz: "Internet" },
    terms: null,
  },
  meta: { source: "subscribe", owner: "5e730e8e0b852a417aa49ceb" },
  processing_id: 0,
});

type Example = { method: string; auth: "browser" | "server"; params: Record<string, unknown>; response: Record<string, unknown> };

/** One documented exchange per method: the request's params and the recorded answer. */
export const docExamples: Record<string, Example> = {
  "cards.create": {
    method: "cards.create",
    auth: "browser",
    params: { card: { number: "8600069195406311", expire: "0399" }, save: true },
    response: { jsonrpc: "2.0", id: 123, result: { card: docCard(false) } },
  },
  "cards.get_verify_code": {
    method: "cards.get_verify_code",
    auth: "browser",
    params: { token: DOC_TOKEN },
    response: { jsonrpc: "2.0", id: 123, result: { sent: true, phone: "99890*****31", wait: 60000 } },
  },
  "cards.verify": {
    method: "cards.verify",
    auth: "browser",
    params: { token: DOC_TOKEN, code: "666666" },
    response: { jsonrpc: "2.0", id: 123, result: { card: docCard(true) } },
  },
  "cards.check": {
    method: "cards.check",
    auth: "server",
    params: { token: DOC_TOKEN },
    response: { jsonrpc: "2.0", id: 123, result: { card: docCard(true) } },
  },
  "cards.remove": {
    method: "cards.remove",
    auth: "server",
    params: { token: DOC_TOKEN },
    response: { jsonrpc: "2.0", id: 123, result: { success: true } },
  },
  "receipts.create": {
    method: "receipts.create",
    auth: "server",
    params: {
      amount: 500000,
      account: { order_id: "test" },
      detail: {
        receipt_type: 0,
        shipping: { title: "Доставка до ттз-4 28/23", price: 500000 },
        items: [
          {
            discount: 10000,
            title: "Помидоры",
            price: 505000,
            count: 2,
            code: "00702001001000001",
            units: 241092,
            vat_percent: 15,
            package_code: "123456",
          },
        ],
      },
    },
    response: { jsonrpc: "2.0", id: 4, result: { receipt: docReceiptCreated } },
  },
  "receipts.pay": {
    method: "receipts.pay",
    auth: "server",
    params: { id: "2e0b1bc1f1eb50d487ba268d", token: DOC_TOKEN, payer: { phone: "998901304527" } },
    response: { jsonrpc: "2.0", id: null, result: { receipt: docReceiptPaid } },
  },
  "receipts.send": {
    method: "receipts.send",
    auth: "server",
    params: { id: "2e0b1bc1f1eb50d487ba268d", phone: "998901304527" },
    // As documented: no `id` in this answer.
    response: { jsonrpc: "2.0", result: { success: true } },
  },
  "receipts.cancel": {
    method: "receipts.cancel",
    auth: "server",
    params: { id: "2e0b1bc1f1eb50d487ba268d" },
    response: { jsonrpc: "2.0", id: 123, result: { receipt: docReceiptCancelQueued } },
  },
  "receipts.check": {
    method: "receipts.check",
    auth: "server",
    params: { id: "2e0b1bc1f1eb50d487ba268d" },
    response: { jsonrpc: "2.0", id: 123, result: { state: 4 } },
  },
  "receipts.get": {
    method: "receipts.get",
    auth: "server",
    params: { id: "2e0b1bc1f1eb50d487ba268d" },
    response: {
      jsonrpc: "2.0",
      id: 123,
      result: {
        receipt: { ...docReceiptCancelQueued, state: 4, merchant: { ...docMerchant, payer: { phone: "998912345678" } } },
      },
    },
  },
  "receipts.get_all": {
    method: "receipts.get_all",
    auth: "server",
    params: { count: 2, from: 1636398000000, to: 1636398000000, offset: 0 },
    response: {
      jsonrpc: "2.0",
      id: 123,
      result: [
        getAllItem("618a5b9f1045eb4efde669a4", 1636457473995, 1636457474283, "2", 1544),
        getAllItem("618a5a881045eb4efde669a3", 1636457352583, 1636457352898, "1", 1543),
      ],
    },
  },
  "receipts.set_fiscal_data": {
    method: "receipts.set_fiscal_data",
    auth: "server",
    params: {
      id: "2e0b1bc1f1eb50d487ba268d",
      fiscal_data: {
        status_code: 0,
        message: "accepted",
        terminal_id: "EP000000000025",
        receipt_id: 121,
        date: "20220706221021",
        fiscal_sign: "800031554082",
        qr_code_url: "fiscal receipt url",
      },
    },
    response: { jsonrpc: "2.0", id: 123, result: { success: true } },
  },
  "receipts.confirm_hold": {
    method: "receipts.confirm_hold",
    auth: "server",
    params: { id: "624c0c2b0ac8b463e47422c7" },
    response: { jsonrpc: "2.0", id: 9, result: { receipt: docReceiptHoldConfirmed } },
  },
};
