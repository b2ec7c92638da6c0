/**
 * The demo catalog seeded on an empty database: goods an Uzbek shop sells, with IKPU (MXIK)
 * codes of the right shape (17 digits), package codes and 12% VAT, and one product priced in
 * USD to exercise the CBU conversion.
 */
export type DemoProduct = {
  sku: string;
  titleRu: string;
  titleUz: string;
  titleEn: string;
  descriptionRu: string;
  descriptionUz: string;
  descriptionEn: string;
  /** Minor units of `currency`. */
  price: bigint;
  currency: "UZS" | "USD";
  code: string;
  packageCode: string;
  vatPercent: number;
  units?: number;
  image: string;
};

export const demoCatalog: DemoProduct[] = [
  {
    sku: "KAZAN-8L",
    titleRu: "Чугунный казан, 8 л",
    titleUz: "Cho'yan qozon, 8 l",
    titleEn: "Cast-iron kazan, 8 L",
    descriptionRu: "Для плова на большую семью, с крышкой.",
    descriptionUz: "Katta oila uchun palov qozoni, qopqog'i bilan.",
    descriptionEn: "For plov for a big family, lid included.",
    price: 85_000_000n,
    currency: "UZS",
    code: "07323001001000000",
    packageCode: "1501617",
    vatPercent: 12,
    image: "kazan",
  },
  {
    sku: "RISHTAN-TEAPOT",
    titleRu: "Риштанский чайник",
    titleUz: "Rishton choynagi",
    titleEn: "Rishtan ceramic teapot",
    descriptionRu: "Ручная роспись, глазурь ишкор, 1,2 л.",
    descriptionUz: "Qo'lda bezatilgan, ishqor sirli, 1,2 l.",
    descriptionEn: "Hand-painted, ishkor glaze, 1.2 L.",
    price: 18_500_000n,
    currency: "UZS",
    code: "06912001002000000",
    packageCode: "1502854",
    vatPercent: 12,
    image: "teapot",
  },
  {
    sku: "PIYOLA-SET-6",
    titleRu: "Набор пиал, 6 шт.",
    titleUz: "Piyolalar to'plami, 6 dona",
    titleEn: "Piyola cups, set of 6",
    descriptionRu: "Риштанская керамика, кобальтовый узор.",
    descriptionUz: "Rishton kulolchiligi, kobalt naqsh.",
    descriptionEn: "Rishtan ceramics, cobalt pattern.",
    price: 24_000_000n,
    currency: "UZS",
    code: "06912001003000000",
    packageCode: "1502855",
    vatPercent: 12,
    image: "piyola",
  },
  {
    sku: "ATLAS-SCARF",
    titleRu: "Шарф из хан-атласа",
    titleUz: "Xon-atlas sharf",
    titleEn: "Khan-atlas silk scarf",
    descriptionRu: "Маргиланский шёлк, 180 × 45 см.",
    descriptionUz: "Marg'ilon ipagi, 180 × 45 sm.",
    descriptionEn: "Margilan silk, 180 × 45 cm.",
    price: 32_000_000n,
    currency: "UZS",
    code: "06214001001000000",
    packageCode: "1503112",
    vatPercent: 12,
    image: "scarf",
  },
  {
    sku: "SUZANI-PILLOW",
    titleRu: "Наволочка сюзане",
    titleUz: "So'zana yostiq jildi",
    titleEn: "Suzani pillow cover",
    descriptionRu: "Бухарская вышивка, 45 × 45 см.",
    descriptionUz: "Buxoro kashtasi, 45 × 45 sm.",
    descriptionEn: "Bukhara embroidery, 45 × 45 cm.",
    price: 27_500_000n,
    currency: "UZS",
    code: "06304001004000000",
    packageCode: "1503398",
    vatPercent: 12,
    image: "suzani",
  },
  {
    sku: "DOPPI-CHUST",
    titleRu: "Чустская тюбетейка",
    titleUz: "Chust do'ppisi",
    titleEn: "Chust doppi skullcap",
    descriptionRu: "Классическая чёрно-белая, вышивка вручную.",
    descriptionUz: "Klassik oq-qora, qo'lda tikilgan.",
    descriptionEn: "Classic black and white, hand-stitched.",
    price: 15_000_000n,
    currency: "UZS",
    code: "06505001002000000",
    packageCode: "1503501",
    vatPercent: 12,
    image: "doppi",
  },
  {
    sku: "APRICOT-1KG",
    titleRu: "Курага, 1 кг",
    titleUz: "O'rik qoqi, 1 kg",
    titleEn: "Dried apricots, 1 kg",
    descriptionRu: "Ферганская, без косточки.",
    descriptionUz: "Farg'ona, danaksiz.",
    descriptionEn: "From the Fergana valley, pitted.",
    price: 9_500_000n,
    currency: "UZS",
    code: "00813001001000000",
    packageCode: "1504012",
    vatPercent: 12,
    image: "apricot",
  },
  {
    sku: "GREEN-TEA-95",
    titleRu: "Зелёный чай №95, 100 г",
    titleUz: "Ko'k choy №95, 100 g",
    titleEn: "Green tea No. 95, 100 g",
    descriptionRu: "Тот самый, к плову.",
    descriptionUz: "Palovga eng mosi.",
    descriptionEn: "The one to have with plov.",
    price: 2_850_000n,
    currency: "UZS",
    code: "00902001001000000",
    packageCode: "1504230",
    vatPercent: 12,
    image: "tea",
  },
  {
    sku: "NON-STAMP",
    titleRu: "Чекич для лепёшек",
    titleUz: "Non chekich",
    titleEn: "Bread stamp (chekich)",
    descriptionRu: "Для узора на тандырной лепёшке.",
    descriptionUz: "Tandir noniga naqsh solish uchun.",
    descriptionEn: "Patterns the top of tandoor bread.",
    price: 4_500_000n,
    currency: "UZS",
    code: "08215001001000000",
    packageCode: "1504377",
    vatPercent: 12,
    image: "stamp",
  },
  {
    sku: "EARBUDS-X2",
    titleRu: "Беспроводные наушники X2",
    titleUz: "Simsiz quloqchinlar X2",
    titleEn: "Wireless earbuds X2",
    descriptionRu: "Цена в долларах: пересчёт по курсу ЦБ Узбекистана.",
    descriptionUz: "Narx dollarda: O'zbekiston Markaziy banki kursi bo'yicha.",
    descriptionEn: "Priced in USD, converted at the Central Bank of Uzbekistan rate.",
    price: 4_990n,
    currency: "USD",
    code: "08518001001000000",
    packageCode: "1505104",
    vatPercent: 12,
    image: "earbuds",
  },
];
