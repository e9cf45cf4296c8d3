namespace Vpp.Application.Programs;

/// <summary>What one timer tick did over every program: how many it found, and each it could not serve.</summary>
public sealed record ProgramSweepResult(int Programs, IReadOnlyList<ProgramFailure> Failures)
{
    public int Served => Programs - Failures.Count;
}
