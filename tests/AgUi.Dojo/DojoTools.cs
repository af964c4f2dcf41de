using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgUi.Protocol.Events;
using AgUi.Runtime.Tools;

namespace AgUi.Dojo;

/// <summary>The backend tools of the dojo features the built-in tools do not cover.</summary>
public static class DojoTools
{
    private static readonly TimeSpan StepDuration = TimeSpan.FromMilliseconds(50);

    [DisplayName("send_email")]
    [Description("Sends an email. A person approves each email before it goes.")]
    public static string SendEmail(
        [Description("The recipient's address")] string to,
        [Description("The subject line")] string subject,
        [Description("The text of the email")] string body) =>
        $"Sent \"{subject}\" to {to} ({body.Length} characters).";

    [DisplayName("run_plan")]
    [Description("Carries out a plan step by step; the user watches each step's status.")]
    public static async Task<string> RunPlan(
        [Description("The steps, in order, each a short title")] string[] steps,
        ToolContext context,
        CancellationToken cancellationToken)
    {
        context.ReplaceState(new JsonObject
        {
            ["steps"] = new JsonArray([.. steps.Select(s => (JsonNode)new JsonObject { ["title"] = s, ["status"] = "pending" })]),
        });
        for (var i = 0; i < steps.Length; i++)
        {
            using var step = context.StartStep(steps[i]);
            context.UpdateState([Status(i, "in_progress")]);
            await Task.Delay(StepDuration, cancellationToken);
            context.UpdateState([Status(i, "done")]);
        }

        return $"All {steps.Length} steps are done.";
    }

    [DisplayName("write_document")]
    [Description("Writes the document the user sees, replacing what it held.")]
    public static string WriteDocument([Description("The whole document, in Markdown")] string document) =>
        $"The document has {document.Length} characters.";

    private static JsonPatchOperation Status(int step, string status) => new()
    {
        Op = JsonPatchOp.Replace,
        Path = $"/steps/{step}/status",
        Value = JsonSerializer.SerializeToElement(status),
    };
}
