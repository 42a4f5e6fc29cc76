import { useMutation } from "@tanstack/react-query";

import { api, unwrap } from "@/api";
import { filenameFromDisposition, saveBlob } from "@/lib/download";

type ExportFormat = "json" | "markdown";

/** Download the whole library (`GET /api/prompts/export`) as a file. */
export function useExportLibrary() {
  return useMutation({
    mutationFn: async (format: ExportFormat) => {
      const call = api.GET("/api/prompts/export", { params: { query: { format } }, parseAs: "blob" });
      const blob = await unwrap(call);
      const { response } = await call;
      const fallback = format === "json" ? "sfl-prompts.json" : "sfl-prompts.md";
      saveBlob(blob, filenameFromDisposition(response.headers.get("Content-Disposition"), fallback));
      return format;
    },
  });
}
