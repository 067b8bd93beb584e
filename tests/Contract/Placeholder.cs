namespace TenantRegistry.Contract.Tests;
