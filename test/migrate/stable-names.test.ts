import { describe, expect, it } from "vitest";
import { mapCacerts } from "../../src/migrate/map/security.js";
import { runMapper } from "../helpers.js";

/** Two self-signed test certificates (serials 0x1235 and 0x1236), made with openssl for this test. */
const CA1 =
  "-----BEGIN CERTIFICATE-----\nMIIBgDCCASegAwIBAgICEjUwCgYIKoZIzj0EAwIwHzEdMBsGA1UEAwwUZWRnZTJi\nb290YyB0ZXN0IENBIDEwHhcNMjYxMjAyMDE1MDExWhcNMzYxMTI5MDE1MDExWjAf\nMR0wGwYDVQQDDBRlZGdlMmJvb3RjIHRlc3QgQ0EgMTBZMBMGByqGSM49AgEGCCqG\nSM49AwEHA0IABMz9p/5Z9+WqvVRgNuHHRs47UAfRjE2VYwVUh8ZRhFLgnujF8CqF\noUwbJdvL2wpv6FOquGrzs7dX/dQ4FWViZoejUzBRMB0GA1UdDgQWBBQAopmZvlMX\nxfb3RF8m9lw8BZsvJjAfBgNVHSMEGDAWgBQAopmZvlMXxfb3RF8m9lw8BZsvJjAP\nBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCIEHC4WX8zzlbyW/6maOI\nMmch4zkaajmqFM8U7/w8RXWdAiAgumJivHFGbpfFXfbMmOv/tgPMy7z05YLNIgV4\nYIUluA==\n-----END CERTIFICATE-----\n";
const CA2 =
  "-----BEGIN CERTIFICATE-----\nMIIBgDCCASegAwIBAgICEjYwCgYIKoZIzj0EAwIwHzEdMBsGA1UEAwwUZWRnZTJi\nb290YyB0ZXN0IENBIDIwHhcNMjYxMjAyMDE1MDExWhcNMzYxMTI5MDE1MDExWjAf\nMR0wGwYDVQQDDBRlZGdlMmJvb3RjIHRlc3QgQ0EgMjBZMBMGByqGSM49AgEGCCqG\nSM49AwEHA0IABAlA2je82oPMOWwP5sfj6kpCl7o7EDbSTY9AUg4rpxTvhE1V/lh9\nk9IP+TBJVwFWOM4tZRzJ9z/fKGgAj/atYfKjUzBRMB0GA1UdDgQWBBSyHgJUvTie\nul5WoqxkA4OAl/wEqTAfBgNVHSMEGDAWgBSyHgJUvTieul5WoqxkA4OAl/wEqTAP\nBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cAMEQCID2FDGS+KMH49Nc6jOr6\nuL4265Odpsm3sM4jBWIAorQ7AiAhjOnqhmxQttH4BA4eE8UdB/Nk6utXC78t1sKe\nu0hnIg==\n-----END CERTIFICATE-----\n";

describe("CA anchors", () => {
  it("are named by serial number, so adding a certificate does not rename the others", () => {
    const names = (certs: string[]) => runMapper(`[customizations.cacerts]\npem_certs = ${JSON.stringify(certs)}\n`, mapCacerts).files.map((f) => f.path);
    expect(names([CA1])).toEqual(["overlay/etc/pki/ca-trust/source/anchors/1235.pem"]);
    expect(names([CA2, CA1])).toEqual(["overlay/etc/pki/ca-trust/source/anchors/1236.pem", "overlay/etc/pki/ca-trust/source/anchors/1235.pem"]);
  });

  it("fall back to a content hash for blocks that are not X.509", () => {
    const files = runMapper('[customizations.cacerts]\npem_certs = ["-----BEGIN CERTIFICATE-----\\nnot-der\\n-----END CERTIFICATE-----"]\n', mapCacerts).files;
    expect(files[0]!.path).toMatch(/anchors\/edge2bootc-[0-9a-f]{16}\.pem$/);
  });
});
