namespace Vpp.Domain.Settlement;

/// <summary>A capacity rate for the months <see cref="FirstMonth"/> to <see cref="LastMonth"/> (1–12, wrapping the new year when the first is later: 11–2 is a winter).</summary>
public sealed record SeasonalCapacityRate(int FirstMonth, int LastMonth, decimal PerKwMonth)
{
    public bool Covers(int month) => FirstMonth <= LastMonth ? month >= FirstMonth && month <= LastMonth : month >= FirstMonth || month <= LastMonth;
}
