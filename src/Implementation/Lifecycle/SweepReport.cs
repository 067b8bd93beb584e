namespace TenantRegistry.Lifecycle;

/// <summary>What one sweep changed; <see cref="Ran"/> is false when another instance held the sweep lock.</summary>
public sealed record SweepReport(bool Ran, int TrialsExpired, int CancellationsCarriedOut, int EntitlementsExpired)
{
    public static readonly SweepReport LeftToAnotherInstance = new(false, 0, 0, 0);

    public int Changes => TrialsExpired + CancellationsCarriedOut + EntitlementsExpired;
}
