/** The workbook a bundle folder may hold instead of bundle.yaml (stdz init bundle --format xlsx). */
export const WORKBOOK = "自评表.xlsx";
