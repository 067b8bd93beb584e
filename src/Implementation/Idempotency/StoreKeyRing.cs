using System.Xml.Linq;
using LinqToDB;
using Microsoft.AspNetCore.DataProtection.Repositories;
using TenantRegistry.Store;

namespace TenantRegistry.Idempotency;

/// <summary>
/// Keeps the Data Protection key ring in the store, the one thing every instance of a fleet shares: an answer stored
/// by one instance decrypts on any other and after a restart, with no key to configure or distribute.
/// </summary>
/// <remarks>Data Protection calls this rarely (at first use and when it refreshes its ring, daily), so the synchronous
/// interface costs nothing on the request path.</remarks>
internal sealed class StoreKeyRing(DataOptions<RegistryDb> options) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = new RegistryDb(options);
        return db.GetTable<DataProtectionKeyRow>().OrderBy(k => k.Id).Select(k => k.Xml).ToList()
            .Select(xml => XElement.Parse(xml)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = new RegistryDb(options);
        db.Insert(new DataProtectionKeyRow { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}

/// <summary>Encrypts stored answer bodies; the purpose string keeps them apart from anything else Data Protection protects.</summary>
public sealed class StoredAnswerProtection(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider provider)
{
    private readonly Microsoft.AspNetCore.DataProtection.IDataProtector protector = provider.CreateProtector("TenantRegistry.Idempotency.StoredAnswer.v1");

    public byte[] Protect(byte[] body) => protector.Protect(body);

    public byte[] Unprotect(byte[] stored) => protector.Unprotect(stored);
}
