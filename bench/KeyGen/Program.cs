using System.Text;
using TenantRegistry.ApiKeys;

// Writes COUNT fresh API keys: their plaintexts, one per line, for the load scripts, and what the store keeps of
// them ("prefix,\x<sha-256 hex>", the CSV form of bytea) for COPY, line n of one file belonging to line n of the other.
//   KeyGen COUNT PLAINTEXTS_FILE STORED_CSV
if (args is not [var countText, var plaintextsPath, var storedPath] || !int.TryParse(countText, out var count) || count < 1)
{
    Console.Error.WriteLine("usage: KeyGen COUNT PLAINTEXTS_FILE STORED_CSV");
    return 2;
}

using var plaintexts = new StreamWriter(plaintextsPath, append: false, Encoding.ASCII);
using var stored = new StreamWriter(storedPath, append: false, Encoding.ASCII);
for (var i = 0; i < count; i++)
{
    var (plaintext, prefix) = ApiKeyFormat.Generate();
    plaintexts.WriteLine(plaintext);
    stored.WriteLine($"{prefix},\\x{Convert.ToHexStringLower(ApiKeyFormat.Hash(plaintext))}");
}

return 0;
