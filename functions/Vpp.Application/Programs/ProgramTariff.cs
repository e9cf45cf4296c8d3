using Vpp.Domain.Pricing;

namespace Vpp.Application.Programs;

/// <summary>
/// The program's time-of-use tariff as the planner reads it, and the document it came from, kept whole (acnportal JSON:
/// its link, effective date and demand charges too) so that a program reads back what its manager gave it.
/// </summary>
public sealed record ProgramTariff(TimeOfUseTariff Tariff, string Document)
{
    /// <summary>What a table property holds (64 KiB of UTF-16); real tariffs are a few kB.</summary>
    public const int MaxDocumentLength = 32_000;
}
