import type { Locale } from "../i18n/locales";

/**
 * The admin's words about the store-wide trusted-proxy list (admin → Settings → Security):
 * what it serves, and the warning when X-Forwarded-For came from a peer not on it.
 */
export const trustedProxyText: Record<Locale, { hint: string; warning: (peer: string) => string }> = {
  ru: {
    hint: "Список доверенных прокси в разделе безопасности — один на весь магазин: по нему определяется адрес посетителя для блокировки входа, лимитов запросов и проверки адресов Payme и Robokassa. Укажите адреса своих обратных прокси (nginx, балансировщик), если магазин стоит за ними.",
    warning: (peer) =>
      `Запросы с заголовком X-Forwarded-For приходят от ${peer}, которого нет в списке доверенных прокси. Если это ваш обратный прокси, добавьте его адрес в разделе безопасности: иначе все посетители выглядят как один адрес, и чужие неверные пароли блокируют вход всем.`,
  },
  uz: {
    hint: "Xavfsizlik bo'limidagi ishonchli proksilar ro'yxati butun do'kon uchun bitta: undan kirishni bloklash, so'rovlar cheklovi hamda Payme va Robokassa manzillarini tekshirish uchun tashrif buyuruvchi manzili aniqlanadi. Do'kon teskari proksi (nginx, balanslovchi) ortida bo'lsa, ularning manzillarini kiriting.",
    warning: (peer) =>
      `X-Forwarded-For sarlavhali so'rovlar ishonchli proksilar ro'yxatida yo'q ${peer} manzilidan kelmoqda. Agar bu sizning teskari proksingiz bo'lsa, uning manzilini xavfsizlik bo'limiga qo'shing: aks holda barcha tashrif buyuruvchilar bitta manzil bo'lib ko'rinadi va begona noto'g'ri parollar hammaning kirishini bloklaydi.`,
  },
  en: {
    hint: "The trusted-proxy list in the security section is one for the whole store: it decides a visitor's address for the sign-in lock-out, the rate limits and the Payme and Robokassa allowlists. List your reverse proxies (nginx, a load balancer) if the store runs behind them.",
    warning: (peer) =>
      `Requests with X-Forwarded-For arrive from ${peer}, which is not a trusted proxy. If it is your reverse proxy, add its address in the security section: otherwise every visitor has one address, and a stranger's wrong passwords lock everyone out.`,
  },
};
