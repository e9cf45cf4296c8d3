namespace Vpp.Application.Optimization;

/// <summary>
/// How the planner came to its plan: how many rounds solved (the first solve and its repair rounds), which of them it
/// kept (the one whose devices' plans do best, counted from 1; 0 when no round solved and the plan is greedy), whether its
/// time limit stopped it with devices still off their cohorts' plans, and how long it took: whether the machine's speed
/// had a part in the plan.
/// </summary>
public sealed record PlanSearch(int Rounds, int KeptRound, bool StoppedAtLimit, double Seconds);
