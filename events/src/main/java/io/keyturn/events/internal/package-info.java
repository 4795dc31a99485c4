/** Field rules shared by the payload records. Not part of the contract: do not use from services. */
package io.keyturn.events.internal;
