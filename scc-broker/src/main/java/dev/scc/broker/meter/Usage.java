package dev.scc.broker.meter;

/**
 * The tokens one model response reported.
 *
 * @param model the model the response named ({@code ""} if none)
 * @param inputTokens prompt tokens, including cache reads and writes where the API reports them separately
 * @param outputTokens generated tokens
 */
public record Usage(String model, long inputTokens, long outputTokens) {
    public long total() {
        return inputTokens + outputTokens;
    }
}
