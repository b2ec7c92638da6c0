import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { WireReceipt } from "./wire";
import type { CardBehaviour } from "./test-cards";

/**
 * The emulator's own storage (Payme's side of the world): a SQLite file in its storage folder,
 * a database handle the sandbox server shares with it, or memory. Never the store's database.
 * Even here the full card number is not kept: a token remembers the masked number and how the
 * test card behaves.
 */
export type CardRow = {
  token: string;
  merchantId: string;
  masked: string;
  network: string;
  behaviour: CardBehaviour;
  /** `03/99`. */
  expire: string;
  recurrent: boolean;
  verified: boolean;
  /** Masked phone the code goes to. */
  phone: string;
  customer: string | null;
  codeExpiresAt: number | null;
  codeAttempts: number;
  createdAt: number;
};

export type ReceiptRow = {
  id: string;
  merchantId: string;
  state: number;
  hold: boolean;
  createTime: number;
  /** The account object as receipts.create got it (the Merchant API calls need it). */
  account: Record<string, string | number>;
  body: WireReceipt;
  cardToken: string | null;
  cardNetwork: string | null;
  cardBehaviour: CardBehaviour | null;
  heldAt: number | null;
  cancelRequestedAt: number | null;
  invoicePhone: string | null;
};

const schema = [
  `CREATE TABLE IF NOT EXISTS payme_subscribe_card (
     token TEXT PRIMARY KEY,
     merchant_id TEXT NOT NULL,
     masked TEXT NOT NULL,
     network TEXT NOT NULL,
     behaviour TEXT NOT NULL,
     expire TEXT NOT NULL,
     recurrent INTEGER NOT NULL,
     verified INTEGER NOT NULL DEFAULT 0,
     phone TEXT NOT NULL,
     customer TEXT,
     code_expires_at INTEGER,
     code_attempts INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS payme_subscribe_receipt (
     id TEXT PRIMARY KEY,
     merchant_id TEXT NOT NULL,
     state INTEGER NOT NULL,
     hold INTEGER NOT NULL,
     create_time INTEGER NOT NULL,
     account TEXT NOT NULL,
     body TEXT NOT NULL,
     card_token TEXT,
     card_network TEXT,
     card_behaviour TEXT,
     held_at INTEGER,
     cancel_requested_at INTEGER,
     invoice_phone TEXT
   )`,
  `CREATE INDEX IF NOT EXISTS payme_subscribe_receipt_time ON payme_subscribe_receipt (merchant_id, create_time)`,
  `CREATE INDEX IF NOT EXISTS payme_subscribe_receipt_state ON payme_subscribe_receipt (state)`,
];

type RawCard = {
  token: string;
  merchant_id: string;
  masked: string;
  network: string;
  behaviour: string;
  expire: string;
  recurrent: number;
  verified: number;
  phone: string;
  customer: string | null;
  code_expires_at: number | null;
  code_attempts: number;
  created_at: number;
};

type RawReceipt = {
  id: string;
  merchant_id: string;
  state: number;
  hold: number;
  create_time: number;
  account: string;
  body: string;
  card_token: string | null;
  card_network: string | null;
  card_behaviour: string | null;
  held_at: number | null;
  cancel_requested_at: number | null;
  invoice_phone: string | null;
};

const toCard = (raw: RawCard): CardRow => ({
  token: raw.token,
  merchantId: raw.merchant_id,
  masked: raw.masked,
  network: raw.network,
  behaviour: raw.behaviour as CardBehaviour,
  expire: raw.expire,
  recurrent: raw.recurrent === 1,
  verified: raw.verified === 1,
  phone: raw.phone,
  customer: raw.customer,
  codeExpiresAt: raw.code_expires_at,
  codeAttempts: raw.code_attempts,
  createdAt: raw.created_at,
});

const toReceipt = (raw: RawReceipt): ReceiptRow => ({
  id: raw.id,
  merchantId: raw.merchant_id,
  state: raw.state,
  hold: raw.hold === 1,
  createTime: raw.create_time,
  account: JSON.parse(raw.account) as Record<string, string | number>,
  body: JSON.parse(raw.body) as WireReceipt,
  cardToken: raw.card_token,
  cardNetwork: raw.card_network,
  cardBehaviour: raw.card_behaviour as CardBehaviour | null,
  heldAt: raw.held_at,
  cancelRequestedAt: raw.cancel_requested_at,
  invoicePhone: raw.invoice_phone,
});

export type EmulatorStorage = ReturnType<typeof openEmulatorStorage>;

export const EMULATOR_DB_FILE = "payme-subscribe.db";

/**
 * `db`: a handle to share (the sandbox server's storage), left open on close; `storageDir`: a
 * file of our own there; neither: memory.
 */
export function openEmulatorStorage(options: { db?: Database.Database; storageDir?: string }) {
  let db: Database.Database;
  let owned = false;
  if (options.db) {
    db = options.db;
  } else if (options.storageDir) {
    const dir = resolve(options.storageDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    db = new Database(join(dir, EMULATOR_DB_FILE), { timeout: 5_000 });
    db.pragma("journal_mode = WAL");
    owned = true;
  } else {
    db = new Database(":memory:");
    owned = true;
  }
  db.transaction(() => {
    for (const statement of schema) db.exec(statement);
  })();

  const statements = {
    insertCard: db.prepare(
      `INSERT INTO payme_subscribe_card (token, merchant_id, masked, network, behaviour, expire, recurrent, verified, phone, customer, code_expires_at, code_attempts, created_at)
       VALUES (@token, @merchant_id, @masked, @network, @behaviour, @expire, @recurrent, @verified, @phone, @customer, @code_expires_at, @code_attempts, @created_at)`,
    ),
    getCard: db.prepare<[string, string], RawCard>(`SELECT * FROM payme_subscribe_card WHERE token = ? AND merchant_id = ?`),
    updateCode: db.prepare(`UPDATE payme_subscribe_card SET code_expires_at = ?, code_attempts = ? WHERE token = ?`),
    verifyCard: db.prepare(`UPDATE payme_subscribe_card SET verified = 1, code_expires_at = NULL, code_attempts = 0 WHERE token = ?`),
    deleteCard: db.prepare(`DELETE FROM payme_subscribe_card WHERE token = ? AND merchant_id = ?`),
    insertReceipt: db.prepare(
      `INSERT INTO payme_subscribe_receipt (id, merchant_id, state, hold, create_time, account, body, card_token, card_network, card_behaviour, held_at, cancel_requested_at, invoice_phone)
       VALUES (@id, @merchant_id, @state, @hold, @create_time, @account, @body, @card_token, @card_network, @card_behaviour, @held_at, @cancel_requested_at, @invoice_phone)`,
    ),
    getReceipt: db.prepare<[string, string], RawReceipt>(`SELECT * FROM payme_subscribe_receipt WHERE id = ? AND merchant_id = ?`),
    getReceiptAnyMerchant: db.prepare<[string], RawReceipt>(`SELECT * FROM payme_subscribe_receipt WHERE id = ?`),
    updateReceipt: db.prepare(
      `UPDATE payme_subscribe_receipt SET state = @state, body = @body, card_token = @card_token, card_network = @card_network,
         card_behaviour = @card_behaviour, held_at = @held_at, cancel_requested_at = @cancel_requested_at, invoice_phone = @invoice_phone
       WHERE id = @id AND state = @expected_state`,
    ),
    listReceipts: db.prepare<[string, number, number, number, number], RawReceipt>(
      `SELECT * FROM payme_subscribe_receipt WHERE merchant_id = ? AND create_time >= ? AND create_time <= ?
       ORDER BY create_time DESC, id DESC LIMIT ? OFFSET ?`,
    ),
    pendingReceipts: db.prepare<[], RawReceipt>(`SELECT * FROM payme_subscribe_receipt WHERE state IN (5, 21, 30)`),
  };

  const rawReceipt = (row: ReceiptRow, expectedState?: number) => ({
    id: row.id,
    merchant_id: row.merchantId,
    state: row.state,
    hold: row.hold ? 1 : 0,
    create_time: row.createTime,
    account: JSON.stringify(row.account),
    body: JSON.stringify({ ...row.body, state: row.state }),
    card_token: row.cardToken,
    card_network: row.cardNetwork,
    card_behaviour: row.cardBehaviour,
    held_at: row.heldAt,
    cancel_requested_at: row.cancelRequestedAt,
    invoice_phone: row.invoicePhone,
    expected_state: expectedState ?? row.state,
  });

  return {
    insertCard(card: CardRow): void {
      statements.insertCard.run({
        token: card.token,
        merchant_id: card.merchantId,
        masked: card.masked,
        network: card.network,
        behaviour: card.behaviour,
        expire: card.expire,
        recurrent: card.recurrent ? 1 : 0,
        verified: card.verified ? 1 : 0,
        phone: card.phone,
        customer: card.customer,
        code_expires_at: card.codeExpiresAt,
        code_attempts: card.codeAttempts,
        created_at: card.createdAt,
      });
    },
    getCard(token: string, merchantId: string): CardRow | undefined {
      const raw = statements.getCard.get(token, merchantId);
      return raw && toCard(raw);
    },
    setCode(token: string, expiresAt: number | null, attempts: number): void {
      statements.updateCode.run(expiresAt, attempts, token);
    },
    markVerified(token: string): void {
      statements.verifyCard.run(token);
    },
    deleteCard(token: string, merchantId: string): boolean {
      return statements.deleteCard.run(token, merchantId).changes === 1;
    },
    insertReceipt(row: ReceiptRow): void {
      const { expected_state: _unused, ...values } = rawReceipt(row);
      statements.insertReceipt.run(values);
    },
    getReceipt(id: string, merchantId?: string): ReceiptRow | undefined {
      const raw = merchantId === undefined ? statements.getReceiptAnyMerchant.get(id) : statements.getReceipt.get(id, merchantId);
      return raw && toReceipt(raw);
    },
    /** Writes the row only if the stored state is still `expectedState`: one of two racing changes wins. */
    saveReceipt(row: ReceiptRow, expectedState: number): boolean {
      return statements.updateReceipt.run(rawReceipt(row, expectedState)).changes === 1;
    },
    listReceipts(merchantId: string, from: number, to: number, count: number, offset: number): ReceiptRow[] {
      return statements.listReceipts.all(merchantId, from, to, count, offset).map(toReceipt);
    },
    /** Receipts with work left: held (may lapse), queued for cancel, queued for closing. */
    pendingReceipts(): ReceiptRow[] {
      return statements.pendingReceipts.all().map(toReceipt);
    },
    close(): void {
      if (owned) db.close();
    },
  };
}
