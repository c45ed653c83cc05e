/**
 * Container image references and {@code security.blocked_base_images}: one parser and one matcher that every
 * command shares (the image build, the launch and its dry run), exact about tags and digests.
 */
package dev.scc.core.image;
