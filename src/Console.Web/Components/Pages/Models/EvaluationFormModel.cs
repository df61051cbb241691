using System.ComponentModel.DataAnnotations;
using AdminConsole.Domain.Commands;
using AdminConsole.Domain.Model.AiModels;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminConsole.Web.Components.Pages.Models;

/// <summary>An evaluation as the form takes it: the suite, the day it ran, the metrics each with a threshold, the evidence file.</summary>
public sealed class EvaluationFormModel
{
    [Required(ErrorMessage = "Name the suite that ran.")]
    [StringLength(ModelEvaluation.SuiteMaxLength, ErrorMessage = "The suite's name must be at most 200 characters.")]
    public string? Suite { get; set; }

    [Required(ErrorMessage = "Say when the evaluation ran.")]
    public DateTime? RunAt { get; set; }

    public List<MetricRow> Metrics { get; } = [new()];

    /// <summary>The chosen file; read when the form is saved.</summary>
    public IBrowserFile? Evidence { get; set; }

    public EvaluationInput ToInput() => new(
        Suite,
        RunAt is { } day ? new DateTimeOffset(DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)) : null,
        [.. Metrics.Select(m => (m.Name, m.Value, m.Threshold, m.Direction))]);

    public sealed class MetricRow
    {
        public string? Name { get; set; }

        public double? Value { get; set; }

        public double? Threshold { get; set; }

        public MetricDirection Direction { get; set; } = MetricDirection.AtLeast;
    }
}
