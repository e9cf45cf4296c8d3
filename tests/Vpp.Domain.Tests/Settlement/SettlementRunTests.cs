using CsCheck;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class SettlementRunTests
{
    private static readonly DateOnly June = new(2026, 6, 1);
    private static readonly DateTimeOffset Now = new(2026, 7, 5, 9, 0, 0, TimeSpan.Zero);

    private static CustomerStatement Statement(string customerId, decimal amount) =>
        new(customerId, June, [new EnrolmentStatement($"{customerId}-dev", customerId, June, 4, "pledged", null, [],
            [new StatementLine(amount >= 0 ? StatementLineKind.Capacity : StatementLineKind.Clawback, null, "test line", 4, "kW-month", null, amount)])]);

    private static SettlementRun Draft(int version = 1) => SettlementRun.Draft("prog-1", June, version,
        [Statement("a", 30m), Statement("b", 3m), Statement("c", 20m), Statement("d", -8m), Statement("e", 2m)],
        new Dictionary<string, string> { ["a"] = "acct_a", ["b"] = "acct_b", ["d"] = "acct_d", ["e"] = "acct_e" },
        new Dictionary<string, decimal> { ["e"] = 4m }, minimumPayout: 5m, Now, "timer");

    [Fact]
    public void A_draft_transfers_what_reaches_the_minimum_to_customers_with_an_account_and_carries_the_rest_to_the_cent()
    {
        var run = Draft();

        Assert.Equal(
            [PayoutDisposition.Transfer, PayoutDisposition.RolledOver, PayoutDisposition.CarriedNoAccount, PayoutDisposition.CarriedOwed, PayoutDisposition.Transfer],
            run.Payouts.Select(p => p.Disposition));
        Assert.Equal(600, run.Payouts[4].AmountCents);
        Assert.Equal(47m, run.StatementsTotal);
        Assert.Equal(36m, run.TransfersTotal);
        Assert.Equal(15m, run.CarriedTotal);
        Assert.Null(run.Balances(SettlementJournal.AtApproval(run.RunId, run.Version, June.AddMonths(1), run.Statements)));
        Assert.Equal("vpp-settlement:prog-1:2026-06:v1:a", run.Payouts[0].IdempotencyKey);
    }

    [Fact]
    public void An_approved_run_is_immutable_and_a_rejected_one_or_one_failed_computing_is_recomputed_as_a_new_version_with_new_keys()
    {
        var (approved, _) = Draft().MoveTo(SettlementRunStatus.Approved, Now, "manager-1", "checked");
        var (rejected, _) = Draft().MoveTo(SettlementRunStatus.Rejected, Now, "manager-1", "terms wrong");
        var (failed, _) = (Draft() with { Status = SettlementRunStatus.Computing }).MoveTo(SettlementRunStatus.Failed, Now, "settlement", "ComputeStatements failed");
        var (_, draftFailing) = Draft().MoveTo(SettlementRunStatus.Failed, Now, "settlement", "too late");

        var (_, refusal) = approved!.MoveTo(SettlementRunStatus.Rejected, Now, "manager-1", "second thoughts");
        var (_, twice) = approved.MoveTo(SettlementRunStatus.Approved, Now, "manager-1", "again");

        Assert.Contains("approved runs are immutable", refusal);
        Assert.NotNull(twice);
        Assert.False(approved.CanRecompute);
        Assert.True(rejected!.CanRecompute);
        Assert.True(failed!.CanRecompute);
        Assert.Contains("cannot become failed", draftFailing);
        Assert.Equal([SettlementRunStatus.Draft, SettlementRunStatus.Rejected], rejected.History.Select(h => h.To));
        Assert.NotEqual(Draft().Payouts[0].IdempotencyKey, Draft(version: 2).Payouts[0].IdempotencyKey);
        Assert.Equal(Draft().Payouts.Select(p => p.IdempotencyKey), Draft().Payouts.Select(p => p.IdempotencyKey));
    }

    [Fact]
    public void After_the_transfers_the_payable_left_is_what_was_carried_and_a_reversal_puts_a_transfer_back()
    {
        var run = Draft();
        var journal = SettlementJournal.AtApproval(run.RunId, run.Version, June.AddMonths(1), run.Statements).ToList();
        var transferred = run.Payouts.Where(p => p.Disposition == PayoutDisposition.Transfer).ToList();
        journal.AddRange(transferred.SelectMany(p => SettlementJournal.AtPayout(June.AddMonths(1), p, $"tr_{p.CustomerId}")));

        Assert.Equal(run.StatementsTotal - run.TransfersTotal, SettlementJournal.NetCredit(journal, JournalAccount.CustomerPayable));
        Assert.Equal(run.TransfersTotal, SettlementJournal.NetCredit(journal, JournalAccount.Cash));

        journal.AddRange(SettlementJournal.AtReversal(June.AddMonths(1), transferred[0], "trr_1"));
        Assert.Equal(run.StatementsTotal - run.TransfersTotal + transferred[0].Amount, SettlementJournal.NetCredit(journal, JournalAccount.CustomerPayable));
        Assert.Equal(journal.Sum(e => e.Debit), journal.Sum(e => e.Credit));
        Assert.Equal(journal.Count, journal.Select(e => e.EntryId).Distinct().Count());
    }

    [Fact]
    public void Any_run_balances_statements_payouts_carried_and_journal_to_the_cent()
    {
        var cents = Gen.Long[-5_000, 500_000].Select(c => c / 100m);
        Gen.Select(Gen.Select(cents, Gen.Bool, Gen.Long[0, 2_000].Select(c => c / 100m)).Array[0, 40], Gen.Long[0, 5_000].Select(c => c / 100m)).Sample((customers, minimum) =>
        {
            var statements = customers.Select((c, i) => Statement($"c{i:000}", c.Item1)).ToList();
            var accounts = customers.Select((c, i) => (c, i)).Where(x => x.c.Item2).ToDictionary(x => $"c{x.i:000}", x => $"acct_{x.i}");
            var forward = customers.Select((c, i) => (c, i)).ToDictionary(x => $"c{x.i:000}", x => x.c.Item3);
            var run = SettlementRun.Draft("p", June, 1, statements, accounts, forward, minimum, Now, "test");
            return run.Balances(SettlementJournal.AtApproval(run.RunId, 1, June, run.Statements)) is null
                && run.Payouts.Where(p => p.Disposition == PayoutDisposition.Transfer).All(p => p.Amount >= minimum && p.Amount > 0 && p.ConnectedAccountId is not null);
        });
    }
}
