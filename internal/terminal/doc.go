// Package terminal is the local chat channel: it reads what a person types
// in a terminal, turns it into bot updates, and prints the bot's replies as
// bot/plaintext renders them for every channel without buttons: plain text
// with numbered choices, the numbers the engine remembers.
package terminal
