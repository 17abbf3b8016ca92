/** TableHead renders exactly the header rows the tables used to write by hand. */
import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { TableHead, Th } from "./table";

describe("TableHead", () => {
  it("renders plain, right-aligned and screen-reader-only column headings", () => {
    const html = renderToStaticMarkup(
      <table>
        <TableHead columns={["Date", { label: "Done", numeric: true }, { label: "Actions", srOnly: true }]} />
      </table>,
    );
    const byHand = renderToStaticMarkup(
      <table>
        <thead>
          <tr>
            <Th scope="col">Date</Th>
            <Th scope="col" className="text-right">
              Done
            </Th>
            <Th scope="col">
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
      </table>,
    );
    expect(html).toBe(byHand);
  });

  it("puts a column's className beside text-right and the thead's on the thead", () => {
    const html = renderToStaticMarkup(
      <table>
        <TableHead
          className="sticky"
          columns={[
            { label: "Progress", className: "w-48" },
            { label: "N", numeric: true, className: "w-0" },
          ]}
        />
      </table>,
    );
    const byHand = renderToStaticMarkup(
      <table>
        <thead className="sticky">
          <tr>
            <Th scope="col" className="w-48">
              Progress
            </Th>
            <Th scope="col" className="text-right w-0">
              N
            </Th>
          </tr>
        </thead>
      </table>,
    );
    expect(html).toBe(byHand);
  });
});
