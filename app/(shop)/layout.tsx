import type { ReactNode } from "react";
import { ShopFrame } from "@/components/shop-frame";
import { getT } from "@/lib/i18n/server";

export default async function ShopLayout({ children }: { children: ReactNode }) {
  return <ShopFrame t={await getT()}>{children}</ShopFrame>;
}
